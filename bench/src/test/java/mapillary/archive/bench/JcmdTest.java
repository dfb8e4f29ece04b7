package mapillary.archive.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Heap used is read from GC.heap_info as the sum of the heap's generations, never Metaspace. */
class JcmdTest {

    @Test
    void serialGcSumsYoungAndOldGenerations() {
        String info = """
                12345:
                 def new generation   total 4928K, used 716K [0x00000000f0000000, 0x00000000f0550000)
                  eden space 4416K,  16% used [0x00000000f0000000, 0x00000000f00b3000)
                 tenured generation   total 10944K, used 5000K [0x00000000f5550000, 0x00000000f6000000)
                 Metaspace       used 30000K, committed 30500K, reserved 1114112K
                  class space    used 3000K, committed 3200K, reserved 1048576K
                """;
        assertThat(Jcmd.heapUsedKb(info)).isEqualTo(5716);
    }

    @Test
    void g1HasOneHeapLine() {
        String info = """
                 garbage-first heap   total 260096K, used 3394K [0x0000000700000000, 0x0000000800000000)
                  region size 1024K, 4 young (4096K), 0 survivors (0K)
                 Metaspace       used 812K, committed 960K, reserved 1114112K
                """;
        assertThat(Jcmd.heapUsedKb(info)).isEqualTo(3394);
        assertThat(Jcmd.heapUsedKb("AttachNotSupportedException")).isEqualTo(-1);
    }
}
