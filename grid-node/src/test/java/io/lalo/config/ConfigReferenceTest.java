package io.lalo.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference lists every key with its real default and environment variable. */
class ConfigReferenceTest {

    @Test
    void readme_documentsEveryKey_withDefaultAndEnvironmentName() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("lalo.root", "..")).resolve("README.md"));
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertThat(readme).as("README row for %s", key.path())
                    .contains("| `" + key.path() + "` | `" + key.defaultText() + "` | `" + key.envName() + "` |");
        }
    }
}
