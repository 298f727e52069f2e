package io.lalo.grid;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Optional;

/**
 * Java serialisation of LALO's value records for the grid (cache values, compute-task payloads), read back
 * through an allow-list. Ignite's binary marshaller cannot rebuild Java records (their fields have no offsets for
 * it to write), while Java serialisation goes through their canonical constructors, so their invariants hold on
 * the receiving node too. The filter means bytes from the grid can only ever become the classes named.
 */
public final class JavaForm {

    private JavaForm() {
    }

    /** A filter admitting JDK types and the given packages (e.g. {@code io.lalo.rag.**}), nothing else. */
    public static ObjectInputFilter allowing(String... packagePatterns) {
        return ObjectInputFilter.Config.createFilter("java.**;" + String.join(";", packagePatterns) + ";!*");
    }

    public static byte[] encode(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
        return bytes.toByteArray();
    }

    /** The value, or empty when the bytes are not a {@code type} the filter admits (e.g. written by another version). */
    public static <T> Optional<T> decode(byte[] bytes, Class<T> type, ObjectInputFilter filter) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(filter);
            Object value = in.readObject();
            return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
        } catch (IOException | ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
