package mapillary.archive.stats.aggregate;

import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.model.CollectionEntry;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Images and bytes archived per month of capture. IA only tells us each collection's capture range (our structured
 * {@code first_capture}/{@code last_capture} tags, else the description's "captured between A and B"), not the date of
 * every image, so a collection's images and bytes are spread over the months of that range in proportion to the days
 * of each month inside it (largest remainder, so the months add up exactly). Collections without a range count under
 * {@code unknown}, listed last.
 */
public final class MonthlyAggregator {

    /** The month key of collections whose capture range is unknown. */
    public static final String UNKNOWN = "unknown";

    /** Ranges longer than this are not spread (a bad tag must not make thousands of months). */
    private static final int MAX_MONTHS = 600;

    private MonthlyAggregator() {
    }

    public static Map<String, Aggregate.MonthTotals> byMonth(Collection<CollectionEntry> entries) {
        TreeMap<String, long[]> months = new TreeMap<>();
        long[] unknown = new long[3];
        for (CollectionEntry e : entries) {
            List<Share> shares = shares(e.firstCapture(), e.lastCapture());
            if (shares.isEmpty()) {
                unknown[0] += e.imagesOrZero();
                unknown[1] += e.size();
                unknown[2]++;
                continue;
            }
            long[] images = apportion(e.imagesOrZero(), shares);
            long[] bytes = apportion(e.size(), shares);
            for (int i = 0; i < shares.size(); i++) {
                long[] m = months.computeIfAbsent(shares.get(i).month().toString(), k -> new long[3]);
                m[0] += images[i];
                m[1] += bytes[i];
                m[2]++;
            }
        }
        Map<String, Aggregate.MonthTotals> out = new LinkedHashMap<>();
        months.forEach((k, v) -> out.put(k, new Aggregate.MonthTotals(v[0], v[1], (int) v[2])));
        if (unknown[2] > 0) {
            out.put(UNKNOWN, new Aggregate.MonthTotals(unknown[0], unknown[1], (int) unknown[2]));
        }
        return out;
    }

    private record Share(YearMonth month, long days) {
    }

    private static List<Share> shares(String first, String last) {
        if (first == null || last == null) {
            return List.of();
        }
        LocalDate a;
        LocalDate b;
        try {
            a = LocalDate.parse(first);
            b = LocalDate.parse(last);
        } catch (RuntimeException ex) {
            return List.of();
        }
        if (b.isBefore(a)) {
            LocalDate t = a;
            a = b;
            b = t;
        }
        if (ChronoUnit.MONTHS.between(YearMonth.from(a), YearMonth.from(b)) > MAX_MONTHS) {
            return List.of();
        }
        List<Share> out = new ArrayList<>();
        for (YearMonth m = YearMonth.from(a); !m.isAfter(YearMonth.from(b)); m = m.plusMonths(1)) {
            LocalDate from = m.atDay(1).isBefore(a) ? a : m.atDay(1);
            LocalDate to = m.atEndOfMonth().isAfter(b) ? b : m.atEndOfMonth();
            out.add(new Share(m, ChronoUnit.DAYS.between(from, to) + 1));
        }
        return out;
    }

    /** Splits {@code total} over the shares in proportion to their days; the parts add up to {@code total}. */
    private static long[] apportion(long total, List<Share> shares) {
        long days = shares.stream().mapToLong(Share::days).sum();
        long[] parts = new long[shares.size()];
        long[] remainders = new long[shares.size()];
        long given = 0;
        BigInteger t = BigInteger.valueOf(total);
        BigInteger d = BigInteger.valueOf(days);
        for (int i = 0; i < parts.length; i++) {
            BigInteger[] qr = t.multiply(BigInteger.valueOf(shares.get(i).days())).divideAndRemainder(d);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1].longValueExact();
            given += parts[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < parts.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = -1;
        }
        return parts;
    }
}
