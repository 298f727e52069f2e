package io.lalo.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;

/**
 * How LALO's records (policies, API keys, NL2SQL examples, …) are stored in the grid: as JSON text, so that the
 * stored form is readable with any tool and survives changes to the Java types (unknown fields are ignored when
 * read back).
 */
public final class JsonRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonRecords() {
    }

    public static String write(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + record.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored " + type.getSimpleName(), e);
        }
    }

    /**
     * Reads a record holding free-form plain data (maps, lists, numbers): whole numbers come back as long, as CEL
     * and the workflow engine hold them, whatever their size.
     */
    public static <T> T readPlain(String text, Class<T> type) {
        try {
            return MAPPER.readerFor(type).with(DeserializationFeature.USE_LONG_FOR_INTS).readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored " + type.getSimpleName(), e);
        }
    }

    /** A stored JSON object as a map, whole numbers as long. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMap(String text) {
        return readPlain(text, Map.class);
    }
}
