package mapillary.archive.archiver.progress;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the memory of every RocksDB store of this process together (Kafka Streams' documented recipe): one block
 * cache for data, index and filter blocks, with the memtables charged to it, so memory stays flat however many
 * images a collection has. Sizes from the Streams config: {@value #TOTAL} (default 32 MiB) and {@value #MEMTABLES}
 * (default 8 MiB, part of the total).
 */
public class BoundedRocksDb implements RocksDBConfigSetter {

    public static final String TOTAL = "mapillary.rocksdb.total-bytes";
    public static final String MEMTABLES = "mapillary.rocksdb.memtable-bytes";

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (BoundedRocksDb.class) {
            if (cache == null) {
                long total = bytes(configs, TOTAL, 32L << 20);
                cache = new LRUCache(total, -1, false, 0.1);
                writeBuffers = new WriteBufferManager(Math.min(total / 2, bytes(configs, MEMTABLES, 8L << 20)), cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBuffers);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(4L << 20);
    }

    private static long bytes(Map<String, Object> configs, String key, long fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : Long.parseLong(v.toString().trim());
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the process: never closed here
    }
}
