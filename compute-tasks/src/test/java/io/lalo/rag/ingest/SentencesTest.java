package io.lalo.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

    private static List<String> split(String text) {
        return Sentences.spans(text).stream().map(span -> text.substring(span[0], span[1])).toList();
    }

    @Test
    void splitsAtSentenceEnds_butNotAtAbbreviationsOrDecimals() {
        assertThat(split("It costs 3.5 dollars, e.g. today. Then it rises! Does it? Yes."))
                .containsExactly("It costs 3.5 dollars, e.g. today.", "Then it rises!", "Does it?", "Yes.");
    }

    @Test
    void blankLines_endSentences_soHeadingsStandAlone() {
        assertThat(split("Returns and refunds\n\nCustomers may return items. Refunds take days."))
                .containsExactly("Returns and refunds", "Customers may return items.", "Refunds take days.");
    }
}
