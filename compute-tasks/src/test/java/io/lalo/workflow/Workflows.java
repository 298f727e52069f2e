package io.lalo.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Test helper: YAML text to a compiled workflow, through the real codec and compiler. */
final class Workflows {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Workflows() {
    }

    @SuppressWarnings("unchecked")
    static WorkflowDefinition definition(String yaml, NodeTypes types) {
        try {
            return WorkflowCodec.fromMap(YAML.readValue(yaml, Map.class), types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompiledWorkflow compile(String yaml, NodeTypes types) {
        return new WorkflowCompiler(types).compile(definition(yaml, types));
    }

    static CompiledWorkflow compile(String yaml) {
        return compile(yaml, new NodeTypes());
    }
}
