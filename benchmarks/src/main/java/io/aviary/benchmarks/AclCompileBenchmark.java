package io.aviary.benchmarks;

import io.aviary.acl.CompiledPolicy;
import io.aviary.acl.ParseResult;
import io.aviary.acl.Policy;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.SessionAcl;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ACL engine's per-policy and per-CONNECT costs on the {@link AclPolicyFixture} policy: {@code
 * parse} reads and validates the JSON document ({@code PolicyDocument.parse}, including its
 * shadowed-rule warnings), {@code compile} turns the parsed policy into the shared index ({@code
 * CompiledPolicy.compile}), and {@code bind} makes one session's view ({@code
 * CompiledPolicy.bind}), which the broker does on every CONNECT.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AclCompileBenchmark {
  @Param({"1000", "10000"})
  int rules;

  String json;
  Policy policy;
  CompiledPolicy compiled;

  @Setup(Level.Trial)
  public void setUp() {
    json = AclPolicyFixture.document(rules);
    policy = AclPolicyFixture.parseValid(json).policy();
    compiled = CompiledPolicy.compile(policy);
  }

  @Benchmark
  public void parse(Blackhole bh) {
    ParseResult result = PolicyDocument.parse(json);
    bh.consume(result);
  }

  @Benchmark
  public void compile(Blackhole bh) {
    bh.consume(CompiledPolicy.compile(policy));
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void bind(Blackhole bh) {
    SessionAcl session = compiled.bind(AclPolicyFixture.SUBJECT);
    bh.consume(session);
  }
}
