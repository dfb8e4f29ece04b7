package mapillary.archive.testkit.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Application class-data sharing for the broker's JVMs: the first broker (or format run) records the classes it
 * loaded into an archive when it exits cleanly; later ones map that archive, which cuts their start-up by about 40 %.
 * Archives live in {@code <broker-lib>/../cds}, keyed by the JVM build and the exact jars, and are published by an
 * atomic rename, so concurrent test JVMs never read a half-written one. Without a writable directory it is off.
 */
final class ClassDataSharing {

    private final Path archive;
    private final Path pending;
    private final boolean enabled;

    private ClassDataSharing(Path archive, Path pending, boolean enabled) {
        this.archive = archive;
        this.pending = pending;
        this.enabled = enabled;
    }

    /** A jar holding {@link BrokerLauncher}, at a stable path so that archives recorded with it stay valid. */
    static Path launcherJar(Path lib, Path fallbackDir) throws IOException {
        byte[] launcher = launcherClass();
        String name = "testkit-broker-launcher-" + hash(List.of(HexFormat.of().formatHex(launcher))) + ".jar";
        Path dir = cdsDir(lib);
        if (dir == null) {
            dir = fallbackDir;
        }
        Path jar = dir.resolve(name);
        if (!Files.isRegularFile(jar)) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out)) {
                JarEntry entry = new JarEntry(BrokerLauncher.class.getName().replace('.', '/') + ".class");
                entry.setTime(0);
                jarOut.putNextEntry(entry);
                jarOut.write(launcher);
                jarOut.closeEntry();
            }
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return jar;
    }

    /** The archive for one kind of broker JVM ({@code broker} or {@code format}) with this class path. */
    static ClassDataSharing of(Path lib, Path launcherJar, String role) {
        Path dir = cdsDir(lib);
        if (dir == null || Boolean.getBoolean("testkit.kafka.nocds")) {
            return new ClassDataSharing(null, null, false);
        }
        try {
            List<String> key = new ArrayList<>(List.of(role, System.getProperty("java.home"),
                    System.getProperty("java.vm.version"), launcherJar.toString()));
            try (Stream<Path> jars = Files.list(lib)) {
                jars.sorted().forEach(j -> {
                    try {
                        key.add(j.getFileName() + ":" + Files.size(j) + ":" + Files.getLastModifiedTime(j).toMillis());
                    } catch (IOException e) {
                        key.add(j.getFileName().toString());
                    }
                });
            }
            Path archive = dir.resolve(role + "-" + hash(key) + ".jsa");
            Path pending = dir.resolve(role + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".jsa.tmp");
            return new ClassDataSharing(archive, pending, true);
        } catch (IOException | RuntimeException e) {
            return new ClassDataSharing(null, null, false);
        }
    }

    /** JVM options: map the archive if it exists, else record one at exit. */
    List<String> jvmOptions() {
        if (!enabled) {
            return List.of();
        }
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        return List.of("-XX:ArchiveClassesAtExit=" + pending);
    }

    /** After the JVM ended: publish a recorded archive if it exited on its own, else drop it. */
    void afterExit(boolean exitedCleanly) {
        if (!enabled) {
            return;
        }
        try {
            if (exitedCleanly && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(pending);
            }
        } catch (IOException e) {
            // sharing is an optimisation only
        }
    }

    private static Path cdsDir(Path lib) {
        Path dir = lib.toAbsolutePath().getParent().resolve("cds");
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir) ? dir : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] launcherClass() throws IOException {
        String resource = "/" + BrokerLauncher.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ClassDataSharing.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing classpath resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static String hash(List<String> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
