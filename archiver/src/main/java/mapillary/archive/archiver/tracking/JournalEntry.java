package mapillary.archive.archiver.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import mapillary.archive.common.event.EventCheck;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;

/**
 * One line of a collection's journal: a harvest event, an image result, or an image found missing at archive
 * time. Replaying the lines in order rebuilds the {@link CollectionState}.
 *
 * @param event   a harvest event, or null
 * @param result  an image result, or null
 * @param missing the id of an OK image whose file was missing at archive time, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(HarvestEvent event, ImageResult result, String missing) {

    public static JournalEntry of(HarvestEvent e) {
        return new JournalEntry(e, null, null);
    }

    public static JournalEntry of(ImageResult r) {
        return new JournalEntry(null, r, null);
    }

    public static JournalEntry missing(String imageId) {
        return new JournalEntry(null, null, imageId);
    }

    /** Applies the entry; an event or result that fails {@link EventCheck} (journalled by an older version) is skipped. */
    void applyTo(CollectionState state) {
        if (event != null && EventCheck.harvestEvent(event).isEmpty()) {
            state.apply(event);
        } else if (result != null && EventCheck.imageResult(result).isEmpty()) {
            state.apply(result);
        } else if (missing != null) {
            state.markMissing(missing);
        }
    }
}
