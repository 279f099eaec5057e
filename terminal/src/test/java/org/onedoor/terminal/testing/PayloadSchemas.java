package org.onedoor.terminal.testing;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of docs/schemas, for tests that check what the terminal publishes. Schemas are
 * loaded from their files, so their relative {@code $ref}s resolve as they do for a county's tools.
 */
public final class PayloadSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private PayloadSchemas() {
    }

    /**
     * @param schemaName the file's name without {@code .json}: {@code entry}, {@code alert}, {@code status}, …
     * @throws AssertionError naming every problem when {@code payload} is not valid
     */
    public static void assertValid(String schemaName, byte[] payload) {
        List<String> problems = problems(schemaName, payload);
        if (!problems.isEmpty()) {
            throw new AssertionError(schemaName + ".json rejects " + new String(payload, StandardCharsets.UTF_8)
                    + ":\n  " + String.join("\n  ", problems));
        }
    }

    /** What {@code schemaName} finds wrong with {@code payload}; empty when it is valid. */
    public static List<String> problems(String schemaName, byte[] payload) {
        return schema(schemaName).validate(new String(payload, StandardCharsets.UTF_8), InputFormat.JSON).stream()
                .map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema schema(String name) {
        return LOADED.computeIfAbsent(name, n -> {
            Path file = ProjectFiles.repository("docs/schemas/" + n + ".json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no schema " + file);
            }
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(file.toUri().toString()));
            schema.initializeValidators(); // resolve every $ref now: a broken one fails here, not on some payload
            return schema;
        });
    }
}
