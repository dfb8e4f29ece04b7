package mapillary.archive.archiver.tar;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DateTarrerTest {

    private static final String DATE = "2024-01-15";
    private static final Instant CAPTURE = Instant.parse("2024-01-15T00:10:00.123Z");
    private static final String LONG_SEQ = "s".repeat(120);

    @TempDir
    Path tmp;

    /** The files of one date, relative path to content, deliberately not in sorted order. */
    private static Map<String, byte[]> files() {
        Random random = new Random(42);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : List.of("2024-01-15/seqB/2000.webp", "2024-01-15/seqAAA/1001.webp",
                "2024-01-15/3000.webp", "2024-01-15/seqAAA/1000.webp", "2024-01-15/" + LONG_SEQ + "/4000.webp",
                "2024-01-15/seqAAA/999.webp")) {
            byte[] b = new byte[700 + random.nextInt(3000)];
            random.nextBytes(b);
            files.put(name, b);
        }
        return files;
    }

    private static Path collection(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
            Files.setLastModifiedTime(p, FileTime.from(CAPTURE));
        }
        return dir;
    }

    @Test
    void writesSortedFileEntriesWithNormalisedOwnershipAndRemovesTheDirectory() throws Exception {
        Map<String, byte[]> files = files();
        Path c = collection(tmp.resolve("c"), files);
        Files.createDirectories(c.resolve(DATE).resolve("emptySeq"));

        DateTarResult r = DateTarrer.tar(c, DATE);

        assertThat(r.tarName()).isEqualTo(DATE + ".tar");
        assertThat(r.files()).isEqualTo(files.size());
        Path tar = c.resolve(DATE + ".tar");
        assertThat(r.bytes()).isEqualTo(Files.size(tar));
        assertThat(Files.size(tar) % 10240).isZero();
        assertThat(c.resolve(DATE)).doesNotExist();
        assertThat(c).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
                assertThat(e.isFile()).as(e.getName()).isTrue();
                assertThat(e.getLongUserId()).isZero();
                assertThat(e.getLongGroupId()).isZero();
                assertThat(e.getUserName()).isEmpty();
                assertThat(e.getGroupName()).isEmpty();
                assertThat(e.getMode() & 07777).isEqualTo(0644);
                assertThat(e.getModTime().toInstant()).isEqualTo(CAPTURE.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
                assertThat(in.readAllBytes()).isEqualTo(files.get(e.getName()));
            }
        }
        assertThat(names).containsExactly(
                "2024-01-15/3000.webp",
                "2024-01-15/seqAAA/1000.webp",
                "2024-01-15/seqAAA/1001.webp",
                "2024-01-15/seqAAA/999.webp",
                "2024-01-15/seqB/2000.webp",
                "2024-01-15/" + LONG_SEQ + "/4000.webp");
        assertThat(names).isSortedAccordingTo(String::compareTo);
    }

    @Test
    void aTempFileLeftByAKilledWriterIsNotTarredAndIsRemovedWithTheDirectory() throws Exception {
        Map<String, byte[]> files = files();
        Path c = collection(tmp.resolve("c"), files);
        Files.write(c.resolve(DATE).resolve("seqAAA/.1002.webp.5f3a9c.tmp"), new byte[]{1, 2, 3});

        DateTarResult r = DateTarrer.tar(c, DATE);

        assertThat(r.files()).isEqualTo(files.size());
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(c.resolve(DATE + ".tar")))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(files.keySet());
        assertThat(c.resolve(DATE)).doesNotExist();
    }

    @Test
    void sameInputGivesByteIdenticalTars() throws Exception {
        Path a = collection(tmp.resolve("a"), files());
        Path b = collection(tmp.resolve("b"), files());

        DateTarrer.tar(a, DATE);
        DateTarrer.tar(b, DATE);

        assertThat(sha256(a.resolve(DATE + ".tar"))).isEqualTo(sha256(b.resolve(DATE + ".tar")));
    }

    @Test
    void newContentForATarredDateGoesIntoAnAddendumAndNeverOverwrites() throws Exception {
        Map<String, byte[]> first = files();
        Path c = collection(tmp.resolve("c"), first);
        DateTarrer.tar(c, DATE);
        String before = sha256(c.resolve(DATE + ".tar"));

        collection(c, Map.of("2024-01-15/seqC/5000.webp", new byte[]{1, 2, 3}));
        DateTarResult second = DateTarrer.tar(c, DATE);
        collection(c, Map.of("2024-01-15/seqC/6000.webp", new byte[]{4, 5}));
        DateTarResult third = DateTarrer.tar(c, DATE);

        assertThat(second.tarName()).isEqualTo(DATE + ".1.tar");
        assertThat(third.tarName()).isEqualTo(DATE + ".2.tar");
        assertThat(sha256(c.resolve(DATE + ".tar"))).isEqualTo(before);
        assertThat(TarIndex.read(c.resolve(DATE + ".1.tar"))).containsOnlyKeys("2024-01-15/seqC/5000.webp");
        assertThat(TarIndex.read(c.resolve(DATE + ".2.tar"))).containsOnlyKeys("2024-01-15/seqC/6000.webp");
        assertThat(c.resolve(DATE)).doesNotExist();
    }

    @Test
    void aTarWhoseWriterWasKilledMidWriteIsRemovedAndTheDateTarredWhole() throws Exception {
        Map<String, byte[]> files = files();
        Path c = collection(tmp.resolve("c"), files);
        Path partial = c.resolve("." + DATE + ".tar.5f3a9c0b.tmp");
        Files.write(partial, new byte[700]); // a kill mid-write: half a header, never linked into place
        Path otherDate = c.resolve(".2024-01-16.tar.77.tmp");
        Files.write(otherDate, new byte[3]);

        DateTarResult r = DateTarrer.tar(c, DATE);

        assertThat(partial).doesNotExist();
        assertThat(otherDate).as("another date's temp is that date's business").exists();
        assertThat(r.tarName()).isEqualTo(DATE + ".tar");
        assertThat(TarIndex.read(c.resolve(DATE + ".tar"))).containsOnlyKeys(files.keySet());
        try (var s = Files.list(c)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(DATE + ".tar",
                    ".2024-01-16.tar.77.tmp");
        }
    }

    @Test
    void aCrashBetweenTarAndDirectoryRemovalDoesNotDuplicateEntries() throws Exception {
        Map<String, byte[]> files = files();
        Path c = collection(tmp.resolve("c"), files);
        DateTarrer.tar(c, DATE);
        collection(c, files); // the directory as it was when the crash hit, tar already in place

        DateTarResult again = DateTarrer.tar(c, DATE);

        assertThat(again.wroteTar()).isFalse();
        assertThat(again.alreadyTarred()).isEqualTo(files.size());
        assertThat(c.resolve(DATE)).doesNotExist();
        assertThat(TarNames.existing(c, DATE)).extracting(p -> p.getFileName().toString())
                .containsExactly(DATE + ".tar");
    }

    @Test
    void aDirectoryWithOnlyEmptySequenceDirectoriesIsNotTarred() throws Exception {
        Path c = tmp.resolve("c");
        Files.createDirectories(c.resolve(DATE).resolve("seqEmpty"));

        DateTarResult r = DateTarrer.tar(c, DATE);

        assertThat(r.wroteTar()).isFalse();
        assertThat(c.resolve(DATE + ".tar")).doesNotExist();
        assertThat(c.resolve(DATE)).doesNotExist();
    }

    @Test
    void aMissingDateDirectoryIsANoOp() throws Exception {
        DateTarResult r = DateTarrer.tar(tmp, "unknown-date");

        assertThat(r.wroteTar()).isFalse();
        assertThat(r.files()).isZero();
    }

    @Test
    void systemTarListsTheEntriesWithRootOwnership() throws Exception {
        Path c = collection(tmp.resolve("c"), files());
        DateTarrer.tar(c, DATE);
        Process p;
        try {
            p = new ProcessBuilder("tar", "--numeric-owner", "-tvf", c.resolve(DATE + ".tar").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noTar) {
            org.junit.jupiter.api.Assumptions.abort("no system tar: " + noTar.getMessage());
            return;
        }
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes());
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("-rw-r--r-- 0/0"));
        assertThat(lines.get(5)).endsWith("2024-01-15/" + LONG_SEQ + "/4000.webp");
    }

    @Test
    void codePointOrderDiffersFromUtf16OrderAboveTheSurrogates() {
        String bmpHigh = "\uFF01";            // U+FF01 sorts after U+1F600 in UTF-16 units, before it by code point
        String astral = new String(Character.toChars(0x1F600));
        assertThat(DateTarrer.compareCodePoints(bmpHigh, astral)).isNegative();
        assertThat(bmpHigh.compareTo(astral)).isPositive();
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
