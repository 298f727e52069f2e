package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvLinesTest {

    @Test
    void formulas_arePrefixed_quotesAndSeparatorsQuoted_numbersLeftAlone() {
        StringBuilder csv = new StringBuilder();
        CsvLines.append(csv, Arrays.asList("=SUM(A1)", "+1+2", "@cmd", "-2+3", "-12.5", "a,b", "say \"hi\"", null));
        assertThat(csv.toString()).isEqualTo("'=SUM(A1),'+1+2,'@cmd,'-2+3,-12.5,\"a,b\",\"say \"\"hi\"\"\",\n");
    }
}
