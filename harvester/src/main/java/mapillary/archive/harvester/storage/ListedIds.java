package mapillary.archive.harvester.storage;

import mapillary.archive.common.io.DirectoryTree;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image ids already listed in one harvest, for dedupe, kept in a scratch RocksDB on disk so that memory stays
 * flat whatever the user's size (a heap table of them died at 4.2M ids in a 256 MB heap). The store is rebuilt from
 * {@code metadata.jsonl} at every start, so nothing in it has to survive a crash: no write-ahead log, no fsync.
 */
public final class ListedIds implements AutoCloseable {

    /** RocksDB's block cache (index, filters, data): the bound on its reading memory. */
    private static final long CACHE_BYTES = 16L << 20;
    /** One memtable: the bound on its writing memory (two at most). */
    private static final long WRITE_BUFFER_BYTES = 8L << 20;
    private static final byte[] NOTHING = new byte[0];

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final LRUCache cache;
    private final BloomFilter filter;
    private final Options options;
    private final WriteOptions writes;
    private final RocksDB db;
    private long size;

    private ListedIds(Path dir) throws RocksDBException {
        this.dir = dir;
        this.cache = new LRUCache(CACHE_BYTES);
        this.filter = new BloomFilter(10);
        this.options = new Options().setCreateIfMissing(true).setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2).setMaxBackgroundJobs(1).setMaxOpenFiles(256)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
                        .setFilterPolicy(filter).setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true));
        this.writes = new WriteOptions().setDisableWAL(true);
        this.db = RocksDB.open(options, dir.toString());
    }

    /** Opens an empty set in {@code dir}, removing whatever an earlier run left there. */
    public static ListedIds open(Path dir) throws IOException {
        DirectoryTree.delete(dir);
        Files.createDirectories(dir);
        try {
            return new ListedIds(dir);
        } catch (RocksDBException e) {
            throw new IOException("cannot open the listed-id store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds the id; false when it was already there. */
    public boolean add(String id) {
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        try {
            if (db.keyMayExist(key, null) && db.get(key) != null) {
                return false;
            }
            db.put(writes, key, NOTHING);
            size++;
            return true;
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new IOException("listed-id store: " + e.getMessage(), e));
        }
    }

    public boolean contains(String id) {
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        try {
            return db.keyMayExist(key, null) && db.get(key) != null;
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new IOException("listed-id store: " + e.getMessage(), e));
        }
    }

    /** Distinct ids added. */
    public long size() {
        return size;
    }

    /** Closes the store and removes its files. */
    @Override
    public void close() throws IOException {
        db.close();
        writes.close();
        options.close();
        filter.close();
        cache.close();
        DirectoryTree.delete(dir);
    }
}
