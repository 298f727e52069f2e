package io.lalo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void render_rulesTheHeader_padsCells_andRightAlignsNumbers() {
        ResultTable table = new ResultTable(List.of("REGION", "ORDERS"), List.of(false, true),
                List.of(List.of("Oceania", "7"), List.of("Asia Pacific", "12345")));
        assertThat(table.render()).isEqualTo("""
                +--------------+--------+
                | REGION       | ORDERS |
                +--------------+--------+
                | Oceania      |      7 |
                | Asia Pacific |  12345 |
                +--------------+--------+
                """);
    }

    @Test
    void render_ofNoRows_stillShowsTheHeader() {
        ResultTable table = new ResultTable(List.of("ID"), List.of(true), List.of());
        assertThat(table.render()).isEqualTo("+----+\n| ID |\n+----+\n+----+\n");
    }
}
