package mapillary.archive.testkit.mapillary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code fields=} parameter: the image fields to return, in the order requested, with dotted
 * sub-fields ({@code creator.username}) grouped under their parent; {@code id} alone when nothing is listed.
 */
final class FieldSelection {

    /** The image fields the fake knows. */
    enum Field {
        ID("id"), CAPTURED_AT("captured_at"), COMPASS_ANGLE("compass_angle"),
        COMPUTED_COMPASS_ANGLE("computed_compass_angle"), GEOMETRY("geometry"), COMPUTED_GEOMETRY("computed_geometry"),
        ALTITUDE("altitude"), COMPUTED_ALTITUDE("computed_altitude"), IS_PANO("is_pano"), SEQUENCE("sequence"),
        CAMERA_TYPE("camera_type"), CAMERA_PARAMETERS("camera_parameters"), MAKE("make"), MODEL("model"),
        EXIF_ORIENTATION("exif_orientation"), COMPUTED_ROTATION("computed_rotation"), HEIGHT("height"),
        WIDTH("width"), CREATOR("creator"), QUALITY_SCORE("quality_score"), THUMB_256_URL("thumb_256_url"),
        THUMB_1024_URL("thumb_1024_url"), THUMB_2048_URL("thumb_2048_url"),
        THUMB_ORIGINAL_URL("thumb_original_url");

        final String json;

        Field(String json) {
            this.json = json;
        }

        static Optional<Field> of(String name) {
            for (Field f : values()) {
                if (f.json.equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        /** The CDN quality label of a thumbnail field, or null. */
        String quality() {
            return switch (this) {
                case THUMB_256_URL -> "256";
                case THUMB_1024_URL -> "1024";
                case THUMB_2048_URL -> "2048";
                case THUMB_ORIGINAL_URL -> "original";
                default -> null;
            };
        }
    }

    /** One selected field and, for {@code creator}, its requested sub-fields (empty = id only). */
    record Selected(Field field, List<String> subFields) {
    }

    /** Raised for a field the fake does not know (the Graph API answers code 100). */
    static final class UnknownFieldException extends Exception {
        private static final long serialVersionUID = 1L;

        final String field;

        UnknownFieldException(String field) {
            super("unknown field " + field);
            this.field = field;
        }
    }

    static final FieldSelection ID_ONLY = new FieldSelection(List.of(new Selected(Field.ID, List.of())));

    final List<Selected> selected;

    private FieldSelection(List<Selected> selected) {
        this.selected = selected;
    }

    static FieldSelection parse(String fields) throws UnknownFieldException {
        if (fields == null || fields.isBlank()) {
            return ID_ONLY;
        }
        Map<Field, List<String>> out = new LinkedHashMap<>();
        for (String raw : fields.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            int dot = name.indexOf('.');
            String head = dot < 0 ? name : name.substring(0, dot);
            Field f = Field.of(head).orElseThrow(() -> new UnknownFieldException(name));
            List<String> subs = out.computeIfAbsent(f, x -> new ArrayList<>());
            if (dot >= 0) {
                String sub = name.substring(dot + 1);
                if (f != Field.CREATOR || !(sub.equals("username") || sub.equals("id"))) {
                    throw new UnknownFieldException(name);
                }
                if (!subs.contains(sub)) {
                    subs.add(sub);
                }
            }
        }
        if (out.isEmpty()) {
            return ID_ONLY;
        }
        List<Selected> list = new ArrayList<>(out.size());
        out.forEach((f, subs) -> list.add(new Selected(f, List.copyOf(subs))));
        return new FieldSelection(List.copyOf(list));
    }
}
