package mapillary.archive.archiver.tar;

/**
 * What tarring one date directory did.
 *
 * @param date          the date bucket
 * @param tarName       the tar written, or null when nothing new had to be written
 * @param files         files written into that tar
 * @param alreadyTarred files found already in an earlier tar of the date (same name and size), not written again
 * @param bytes         size of the tar written (0 when none)
 */
public record DateTarResult(String date, String tarName, int files, int alreadyTarred, long bytes) {

    public boolean wroteTar() {
        return tarName != null;
    }
}
