package io.aviary.deploy.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The objects of a rendered chart, with the few look-ups the tests share. */
public record Manifests(List<Node> objects) {

  public static Manifests parse(String yaml) {
    List<Node> objects = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      if (doc instanceof Map<?, ?>) {
        objects.add(new Node(doc));
      }
    }
    return new Manifests(List.copyOf(objects));
  }

  public Stream<Node> ofKind(String kind) {
    return objects.stream().filter(o -> o.str("kind").equals(kind));
  }

  public Optional<Node> find(String kind, String name) {
    return ofKind(kind).filter(o -> o.at("metadata").str("name").equals(name)).findFirst();
  }

  public Node get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " was rendered"));
  }

  /** Deployments and StatefulSets: everything that runs pods. */
  public Stream<Node> workloads() {
    return objects.stream()
        .filter(o -> o.str("kind").equals("Deployment") || o.str("kind").equals("StatefulSet"));
  }

  /** The pod spec of {@code component}'s workload. */
  public Node pod(String component) {
    return workloads()
        .filter(w -> w.component().equals(component))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workload of " + component + " was rendered"))
        .at("spec.template.spec");
  }

  /** The environment of {@code component}'s container, by variable name. */
  public Map<String, Node> env(String component) {
    return pod(component).list("containers").getFirst().byName("env");
  }
}
