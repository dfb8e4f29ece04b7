package mapillary.archive.cli;

import mapillary.archive.common.format.Formats;

import java.util.ArrayList;
import java.util.List;

/** Renders harvests for {@code status}: a table of all, or the details of one. */
public final class StatusTable {

    private static final String[] HEADERS = {"ID", "USER", "STATUS", "LISTED", "FETCHED", "FAILED", "SIZE", "ETA",
            "COLLECTION"};

    private StatusTable() {
    }

    /** One row per harvest under aligned headers; numbers right-aligned. */
    public static String table(List<HarvestInfo> harvests) {
        if (harvests.isEmpty()) {
            return "No harvests.\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (HarvestInfo h : harvests) {
            HarvestInfo.Counts c = h.countsOrZero();
            rows.add(new String[]{h.id(), h.username(), h.status(), Formats.thousands(c.listed()),
                    Formats.thousands(c.fetched()), Formats.thousands(c.failed()), Formats.size(c.bytes()),
                    h.isFinal() ? "-" : ProgressLine.eta(h), h.collection()});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], String.valueOf(row[i]).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = String.valueOf(row[i]);
                boolean numeric = i >= 3 && i <= 6;
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(numeric ? pad + cell : cell + (i == row.length - 1 ? "" : pad));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** Everything about one harvest, one "name: value" line each. */
    public static String details(HarvestInfo h) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Harvest", h.id());
        line(sb, "Collection", h.collection());
        line(sb, "User", h.username());
        line(sb, "Options", "quality " + h.quality() + (h.webp() ? ", webp" : ", jpeg") + (h.tar() ? ", tar" : ", no tar")
                + (h.bbox() == null ? "" : ", bbox " + h.bbox()));
        line(sb, "Status", h.status() + (h.reason() == null || h.reason().isBlank() ? "" : " (" + h.reason() + ")"));
        line(sb, "Progress", ProgressLine.plain(h).substring(h.status().length()).strip());
        line(sb, "Created", h.createdAt());
        line(sb, "Updated", h.updatedAt());
        if (h.finishedAt() != null) {
            line(sb, "Finished", h.finishedAt());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(String.format(java.util.Locale.ROOT, "%-11s %s%n", name + ":", value == null ? "-" : value));
    }
}
