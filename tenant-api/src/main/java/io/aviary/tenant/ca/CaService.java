package io.aviary.tenant.ca;

import io.aviary.identity.CertificateFormatException;
import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.Inputs;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import io.aviary.tenant.change.ChangeKind;
import io.aviary.tenant.change.ConfigChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Organization CA bundles and client-certificate revocations. */
@ApplicationScoped
public class CaService {

  /** RFC 5280 §5.3.1 reason codes, snake_case. */
  public static final Set<String> REASONS =
      Set.of(
          "unspecified",
          "key_compromise",
          "ca_compromise",
          "affiliation_changed",
          "superseded",
          "cessation_of_operation",
          "certificate_hold",
          "privilege_withdrawn",
          "aa_compromise");

  static final int MAX_REVOCATIONS_PER_ORG = 10_000;

  private final ConfigChanges changes;

  public CaService(ConfigChanges changes) {
    this.changes = changes;
  }

  /** Sets the CA bundle; {@code pointer} locates the PEM text in the request for errors. */
  @Transactional
  public CaView set(String orgId, String pem, String pointer) {
    CaBundle bundle;
    try {
      bundle = CaBundle.parse(pem, Instant.now());
    } catch (CertificateFormatException e) {
      throw ProblemException.invalid(List.of(new FieldError(pointer, e.getMessage())));
    }
    OrgCa ca = OrgCa.findById(orgId);
    if (ca == null) {
      ca = new OrgCa();
      ca.orgId = orgId;
      ca.pem = bundle.pem();
      ca.updatedAt = now();
      ca.persist();
    } else {
      ca.pem = bundle.pem();
      ca.updatedAt = now();
    }
    changes.record(orgId, ChangeKind.CA_CHANGED);
    return new CaView(bundle.describe(), ca.pem, ca.updatedAt);
  }

  public CaView get(String orgId) {
    OrgCa ca = OrgCa.findById(orgId);
    if (ca == null) {
      throw ProblemException.notFound("Organization " + orgId + " has no CA.");
    }
    CaBundle bundle = stored(ca);
    return new CaView(bundle.describe(), ca.pem, ca.updatedAt);
  }

  @Transactional
  public void remove(String orgId) {
    if (!OrgCa.deleteById(orgId)) {
      throw ProblemException.notFound("Organization " + orgId + " has no CA.");
    }
    changes.record(orgId, ChangeKind.CA_CHANGED);
  }

  @Transactional
  public Revocation revoke(String orgId, RevocationRequest request) {
    List<FieldError> errors = new ArrayList<>();
    SerialNumber serial = null;
    if (request.serial() == null || request.serial().isBlank()) {
      errors.add(FieldError.at("serial", "is required"));
    } else {
      try {
        serial = SerialNumber.parse(request.serial());
      } catch (CertificateFormatException e) {
        errors.add(FieldError.at("serial", e.getMessage()));
      }
    }
    if (request.issuer() != null
        && (request.issuer().isBlank()
            || request.issuer().length() > 1024
            || !Inputs.printable(request.issuer()))) {
      errors.add(FieldError.at("issuer", "must be a DN of 1 to 1024 printable characters"));
    }
    String reason = request.reason() == null ? "unspecified" : request.reason();
    if (!REASONS.contains(reason)) {
      errors.add(FieldError.at("reason", "must be one of " + String.join(", ", sorted(REASONS))));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    if (find(orgId, serial.hex()) != null) {
      throw ProblemException.conflict("serial", "Serial " + serial.hex() + " is already revoked.");
    }
    if (Revocation.count("orgId", orgId) >= MAX_REVOCATIONS_PER_ORG) {
      throw new ProblemException(
          ProblemCode.LIMIT_EXCEEDED,
          "An organization may hold at most " + MAX_REVOCATIONS_PER_ORG + " revocations.");
    }
    Revocation r = new Revocation();
    r.orgId = orgId;
    r.serial = serial.hex();
    r.issuer = request.issuer();
    r.reason = reason;
    r.revokedAt = now();
    r.persist();
    changes.record(orgId, ChangeKind.REVOCATION_ADDED);
    return r;
  }

  @Transactional
  public void unrevoke(String orgId, String serialText) {
    SerialNumber serial;
    try {
      serial = SerialNumber.parse(serialText);
    } catch (CertificateFormatException e) {
      throw ProblemException.notFound("No revocation " + serialText);
    }
    Revocation r = find(orgId, serial.hex());
    if (r == null) {
      throw ProblemException.notFound("No revocation for serial " + serial.hex());
    }
    r.delete();
    changes.record(orgId, ChangeKind.REVOCATION_REMOVED);
  }

  /** A stored bundle; it was valid when stored, but may have expired since. */
  public static CaBundle stored(OrgCa ca) {
    return CaBundle.stored(ca.pem);
  }

  private static Revocation find(String orgId, String serial) {
    return Revocation.find("orgId = ?1 and serial = ?2", orgId, serial).firstResult();
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
