package mapillary.archive.harvester.job;

/** Where a harvest is in its life (DESIGN §2); DONE, FAILED, CANCELLED and SKIPPED are final. */
public enum HarvestStatus {
    LISTING, FETCHING, ARCHIVING, UPLOADING, DONE, FAILED, CANCELLED, SKIPPED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED || this == SKIPPED;
    }
}
