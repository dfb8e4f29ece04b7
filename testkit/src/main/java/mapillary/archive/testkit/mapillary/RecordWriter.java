package mapillary.archive.testkit.mapillary;

import javax.crypto.Mac;

/** Writes one image record as compact Graph API JSON for a field selection, signing thumbnail URLs; one per request. */
final class RecordWriter {

    private final String cdnUrl;
    private final UrlSigner signer;
    private final Mac mac;
    private final long expiryEpochSeconds;
    private final String oeHex;
    private final long generation;
    private final boolean escapeSlashes;
    private final int hostileEvery;

    RecordWriter(String cdnUrl, UrlSigner signer, long expiryEpochSeconds, long generation, boolean escapeSlashes,
            int hostileEvery) {
        this.cdnUrl = cdnUrl;
        this.signer = signer;
        this.mac = signer.newMac();
        this.expiryEpochSeconds = expiryEpochSeconds;
        this.oeHex = UrlSigner.oeHex(expiryEpochSeconds);
        this.generation = generation;
        this.escapeSlashes = escapeSlashes;
        this.hostileEvery = hostileEvery;
    }

    long expiryEpochSeconds() {
        return expiryEpochSeconds;
    }

    /** The id as served (a hostile fault may replace it). */
    String servedId(SyntheticImage r) {
        return hostile(r) ? "../" + r.id() : r.id();
    }

    private boolean hostile(SyntheticImage r) {
        return hostileEvery > 0 && r.index() % hostileEvery == hostileEvery - 1;
    }

    void write(StringBuilder sb, SyntheticImage r, FieldSelection selection) {
        boolean hostile = hostile(r);
        sb.append('{');
        boolean first = true;
        for (FieldSelection.Selected s : selection.selected) {
            int mark = sb.length();
            if (!first) {
                sb.append(',');
            }
            boolean written = writeField(sb, r, s, hostile);
            if (written) {
                first = false;
            } else {
                sb.setLength(mark);
            }
        }
        sb.append('}');
    }

    private void key(StringBuilder sb, String name) {
        sb.append('"').append(name).append("\":");
    }

    private boolean writeField(StringBuilder sb, SyntheticImage r, FieldSelection.Selected s, boolean hostile) {
        FieldSelection.Field f = s.field();
        switch (f) {
            case ID -> {
                key(sb, f.json);
                GraphJson.string(sb, hostile ? "../" + r.id() : r.id(), escapeSlashes);
            }
            case CAPTURED_AT -> {
                if (!r.capturedAtPresent()) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.number(sb, r.capturedAt());
            }
            case COMPASS_ANGLE -> {
                if (r.compassAngle() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.number(sb, r.compassAngle());
            }
            case COMPUTED_COMPASS_ANGLE -> {
                if (r.computedCompassAngle() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.number(sb, r.computedCompassAngle());
            }
            case GEOMETRY -> {
                key(sb, f.json);
                GraphJson.point(sb, r.geometry());
            }
            case COMPUTED_GEOMETRY -> {
                if (r.computedGeometry() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.point(sb, r.computedGeometry());
            }
            case ALTITUDE -> {
                if (r.altitude() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.number(sb, r.altitude());
            }
            case COMPUTED_ALTITUDE -> {
                if (r.computedAltitude() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.number(sb, r.computedAltitude());
            }
            case IS_PANO -> {
                key(sb, f.json);
                sb.append(r.pano());
            }
            case SEQUENCE -> {
                if (r.sequence() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.string(sb, hostile ? "x/" + r.sequence() : r.sequence(), escapeSlashes);
            }
            case CAMERA_TYPE -> {
                key(sb, f.json);
                GraphJson.string(sb, r.cameraType(), escapeSlashes);
            }
            case CAMERA_PARAMETERS -> {
                if (r.cameraParameters() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.array(sb, r.cameraParameters());
            }
            case MAKE -> {
                if (r.make() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.string(sb, r.make(), escapeSlashes);
            }
            case MODEL -> {
                if (r.model() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.string(sb, r.model(), escapeSlashes);
            }
            case EXIF_ORIENTATION -> {
                if (r.exifOrientation() == null) {
                    return false;
                }
                key(sb, f.json);
                sb.append(r.exifOrientation().intValue());
            }
            case COMPUTED_ROTATION -> {
                if (r.computedRotation() == null) {
                    return false;
                }
                key(sb, f.json);
                GraphJson.array(sb, r.computedRotation());
            }
            case HEIGHT -> {
                key(sb, f.json);
                sb.append(r.height());
            }
            case WIDTH -> {
                key(sb, f.json);
                sb.append(r.width());
            }
            case QUALITY_SCORE -> {
                key(sb, f.json);
                GraphJson.number(sb, r.qualityScore());
            }
            case CREATOR -> {
                key(sb, f.json);
                sb.append('{');
                boolean idWritten = false;
                boolean firstSub = true;
                for (String sub : s.subFields()) {
                    if (!firstSub) {
                        sb.append(',');
                    }
                    firstSub = false;
                    key(sb, sub);
                    if (sub.equals("username")) {
                        GraphJson.string(sb, r.username(), escapeSlashes);
                    } else {
                        GraphJson.string(sb, r.creatorId(), escapeSlashes);
                        idWritten = true;
                    }
                }
                if (!idWritten) {
                    if (!firstSub) {
                        sb.append(',');
                    }
                    key(sb, "id");
                    GraphJson.string(sb, r.creatorId(), escapeSlashes);
                }
                sb.append('}');
            }
            case THUMB_256_URL, THUMB_1024_URL, THUMB_2048_URL, THUMB_ORIGINAL_URL -> {
                key(sb, f.json);
                GraphJson.string(sb, thumbUrl(r, f.quality()), escapeSlashes);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code <cdn>/m1/v/t6/<id>_<q>.jpg?stp=...&oh=<sig>&oe=<hex expiry>}. */
    String thumbUrl(SyntheticImage r, String quality) {
        String oh = signer.sign(mac, r.id(), quality, oeHex, generation);
        String stp = switch (quality) {
            case "256" -> "s256x256";
            case "1024" -> "s1024x1024";
            case "2048" -> "s2048x2048";
            default -> "dst-jpg";
        };
        return cdnUrl + "/m1/v/t6/" + r.id() + '_' + quality + ".jpg?stp=" + stp + "&_nc_gid=" + generation
                + "&ccb=10-5&oh=" + oh + "&oe=" + oeHex + "&_nc_sid=201bb2";
    }
}
