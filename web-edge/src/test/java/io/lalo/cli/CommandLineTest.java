package io.lalo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void flags_setTheirConfigurationKeys() throws UsageException {
        CommandLine line = CommandLine.parse("node", "--data-dir", "/srv/lalo", "--port-offset", "2", "--no-demo",
                "--config", "my.yaml");
        assertThat(line.mode()).isEqualTo(CommandLine.Mode.NODE);
        assertThat(line.configFile()).isEqualTo(Path.of("my.yaml"));
        assertThat(line.overrides()).isEqualTo(Map.of("storage.dataDir", "/srv/lalo", "node.portOffset", "2",
                "demo.enabled", "false"));
    }

    @Test
    void help_isRecognisedAnywhere() throws UsageException {
        assertThat(CommandLine.parse("--help").help()).isTrue();
        assertThat(CommandLine.parse("edge", "--port-offset", "1", "--help").help()).isTrue();
    }

    @Test
    void unknownCommand_isAUsageError() {
        assertThatThrownBy(() -> CommandLine.parse("launch")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown command 'launch'");
        assertThatThrownBy(CommandLine::parse).isInstanceOf(UsageException.class);
    }

    @Test
    void optionNotValidForTheMode_isAUsageError() {
        assertThatThrownBy(() -> CommandLine.parse("edge", "--data-dir", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option '--data-dir' for edge");
    }

    @Test
    void optionWithoutItsValue_isAUsageError() {
        assertThatThrownBy(() -> CommandLine.parse("start", "--port-offset")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--port-offset needs a value");
        assertThatThrownBy(() -> CommandLine.parse("start", "--data-dir", "--no-demo"))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void usage_listsEveryModeAndItsOptions() {
        assertThat(CommandLine.usage(null)).contains("start", "node", "edge", "sql");
        assertThat(CommandLine.usage(CommandLine.Mode.START)).contains("--config", "--data-dir", "--port-offset",
                "--no-demo", "--help");
        assertThat(CommandLine.usage(CommandLine.Mode.EDGE)).doesNotContain("--data-dir");
    }
}
