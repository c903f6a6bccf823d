package io.aviary.service.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Marks every property of a response schema as required, because that is what the services send:
 * Jackson writes every component of a response record, null or not. A Java record cannot say so by
 * itself, so without this every field of every answer would read as optional to the console's
 * generated types and to other clients. A property that may be null says so with
 * {@code @Schema(nullable = true)}; a record that leaves fields out ({@code NON_NULL}) lists its
 * own {@code requiredProperties}, which this filter keeps. Schemas that are also request bodies or
 * parameters are left alone: a client may omit what the service fills in.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ResponsePropertiesFilter implements OASFilter {

  private static final String PREFIX = "#/components/schemas/";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null
        || openAPI.getComponents().getSchemas() == null
        || openAPI.getPaths() == null
        || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    Map<String, Schema> named = openAPI.getComponents().getSchemas();
    List<Schema> answers = new ArrayList<>();
    List<Schema> inputs = new ArrayList<>();
    for (PathItem item : openAPI.getPaths().getPathItems().values()) {
      addParameters(item.getParameters(), inputs);
      if (item.getOperations() == null) {
        continue;
      }
      for (Operation operation : item.getOperations().values()) {
        addParameters(operation.getParameters(), inputs);
        if (operation.getRequestBody() != null) {
          addContent(operation.getRequestBody().getContent(), inputs);
        }
        if (operation.getResponses() != null
            && operation.getResponses().getAPIResponses() != null) {
          for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
            addContent(response.getContent(), answers);
          }
        }
      }
    }
    Set<String> answered = reachable(answers, named);
    answered.removeAll(reachable(inputs, named));
    for (String name : answered) {
      Schema schema = named.get(name);
      if (schema.getProperties() != null
          && !schema.getProperties().isEmpty()
          && (schema.getRequired() == null || schema.getRequired().isEmpty())) {
        schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
      }
    }
  }

  private static void addParameters(List<Parameter> parameters, List<Schema> into) {
    if (parameters != null) {
      for (Parameter parameter : parameters) {
        if (parameter.getSchema() != null) {
          into.add(parameter.getSchema());
        }
        addContent(parameter.getContent(), into);
      }
    }
  }

  private static void addContent(Content content, List<Schema> into) {
    if (content != null && content.getMediaTypes() != null) {
      for (MediaType type : content.getMediaTypes().values()) {
        if (type.getSchema() != null) {
          into.add(type.getSchema());
        }
      }
    }
  }

  /** The names of the component schemas that the given schemas refer to, directly or not. */
  private static Set<String> reachable(List<Schema> roots, Map<String, Schema> named) {
    Set<String> names = new HashSet<>();
    Deque<Schema> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      Schema schema = pending.pop();
      String ref = schema.getRef();
      if (ref != null && ref.startsWith(PREFIX)) {
        String name = ref.substring(PREFIX.length());
        if (names.add(name) && named.containsKey(name)) {
          pending.push(named.get(name));
        }
      }
      if (schema.getProperties() != null) {
        pending.addAll(schema.getProperties().values());
      }
      if (schema.getItems() != null) {
        pending.push(schema.getItems());
      }
      if (schema.getAdditionalPropertiesSchema() != null) {
        pending.push(schema.getAdditionalPropertiesSchema());
      }
      pending.addAll(all(schema.getAllOf()));
      pending.addAll(all(schema.getAnyOf()));
      pending.addAll(all(schema.getOneOf()));
    }
    return names;
  }

  private static List<Schema> all(List<Schema> schemas) {
    return schemas == null ? List.of() : schemas;
  }
}
