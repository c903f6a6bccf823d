package io.aviary.audit.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The checked-in schema, loaded from the classpath and compiled once. */
final class SchemaFixture {

  static final String RESOURCE = "/io/aviary/audit/event/audit-event-v1.schema.json";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(tree());

  private SchemaFixture() {}

  static JsonNode tree() {
    try (InputStream in = SchemaFixture.class.getResourceAsStream(RESOURCE)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Error> errors(JsonNode document) {
    return SCHEMA.validate(document);
  }
}
