package io.aviary.benchmarks;

import io.aviary.acl.CompiledPolicy;
import io.aviary.acl.Decision;
import io.aviary.acl.SessionAcl;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The broker's per-packet ACL check: one session bound to the 1,000-rule {@link AclPolicyFixture}
 * policy (an operator's device: {@code user_id=u42}, {@code client_id=dev-7}, {@code
 * role=operator}), checking topics and filters parsed once in the setup, as the broker parses them
 * once per packet.
 *
 * <p>Publish (QoS 1, not retained), each case checked in the setup against the rule it must hit:
 * {@code publishEarlyLiteral} is decided by a literal rule of rank 3; {@code publishVariable} by
 * {@code devices/{client_id}/#}; {@code publishDefault} matches no rule and walks both tries as far
 * as the topic allows before the default denies it; {@code publishDeepWildcard} is a 10-level topic
 * decided by the last rule, {@code fleet/+/+/+/logs/#}. Subscribe (QoS 1): {@code subscribeLiteral}
 * walks the tries; {@code subscribeWildcard} ({@code fleet/sa/+/+/telemetry}) takes the linear path
 * that wildcard filters take, and is decided by the next-to-last rule, so it scans nearly all of
 * them.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AclCheckBenchmark {
  static final int RULES = 1_000;

  SessionAcl acl;
  TopicName earlyLiteral;
  TopicName variable;
  TopicName noMatch;
  TopicName deepWildcard;
  TopicFilter literalFilter;
  TopicFilter wildcardFilter;

  @Setup(Level.Trial)
  public void setUp() {
    CompiledPolicy policy =
        CompiledPolicy.compile(
            AclPolicyFixture.parseValid(AclPolicyFixture.document(RULES)).policy());
    if (policy.policy().rules().size() != RULES) {
      throw new IllegalStateException("policy has " + policy.policy().rules().size() + " rules");
    }
    acl = policy.bind(AclPolicyFixture.SUBJECT);
    earlyLiteral = TopicName.parse("fleet/eu/site-0/gateway/telemetry");
    variable = TopicName.parse("devices/dev-7/telemetry");
    noMatch = TopicName.parse("fleet/eu/site-3/device-4/diagnostics/battery");
    deepWildcard = TopicName.parse("fleet/ap/site-4/device-17/logs/app/2026/12/01/debug");
    literalFilter = TopicFilter.parse("fleet/sa/site-2/device-12/commands");
    wildcardFilter = TopicFilter.parse("fleet/sa/+/+/telemetry");

    expect(acl.publish(earlyLiteral, 1, false), true, Decision.Reason.RULE, "gateway-eu-0", 1);
    expect(acl.publish(variable, 1, false), true, Decision.Reason.RULE, "devices/{client_id}/#", 1);
    expect(acl.publish(noMatch, 1, false), false, Decision.Reason.DEFAULT, null, 1);
    expect(acl.publish(deepWildcard, 1, false), true, Decision.Reason.RULE, "fleet-logs", 0);
    expect(
        acl.subscribe(literalFilter, 1),
        true,
        Decision.Reason.RULE,
        "fleet/sa/site-2/device-12/commands",
        1);
    expect(acl.subscribe(wildcardFilter, 1), true, Decision.Reason.RULE, "operator-telemetry", 1);
  }

  @Benchmark
  public void publishEarlyLiteral(Blackhole bh) {
    bh.consume(acl.publish(earlyLiteral, 1, false));
  }

  @Benchmark
  public void publishVariable(Blackhole bh) {
    bh.consume(acl.publish(variable, 1, false));
  }

  @Benchmark
  public void publishDefault(Blackhole bh) {
    bh.consume(acl.publish(noMatch, 1, false));
  }

  @Benchmark
  public void publishDeepWildcard(Blackhole bh) {
    bh.consume(acl.publish(deepWildcard, 1, false));
  }

  @Benchmark
  public void subscribeLiteral(Blackhole bh) {
    bh.consume(acl.subscribe(literalFilter, 1));
  }

  @Benchmark
  public void subscribeWildcard(Blackhole bh) {
    bh.consume(acl.subscribe(wildcardFilter, 1));
  }

  /** Fails the trial unless the check is decided as the case claims (by name or topic). */
  private static void expect(
      Decision d, boolean allowed, Decision.Reason reason, String rule, int qos) {
    String decidedBy =
        d.rule() == null ? null : d.rule().name() != null ? d.rule().name() : d.rule().topic();
    boolean ok =
        d.allowed() == allowed
            && d.reason() == reason
            && (rule == null ? decidedBy == null : rule.equals(decidedBy))
            && (!allowed || d.qos() == qos);
    if (!ok) {
      throw new IllegalStateException(
          "unexpected decision " + d + " (by " + decidedBy + "), expected rule " + rule);
    }
  }
}
