package io.aviary.node.acl;

import io.aviary.broker.tenant.OrgId;
import io.aviary.node.identity.OrgSource;
import io.aviary.node.platform.InternalApiClient;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * acl-service's internal endpoints: each organization's active policy ({@code GET
 * /internal/v1/orgs/{org}/acl}, answering {@code version} and {@code policy}) and the feed of
 * activations.
 */
public final class AclServiceClient extends InternalApiClient implements OrgSource<OrgPolicy> {

  public AclServiceClient(URI base, String token) {
    super("acl-service", base, token);
  }

  @Override
  public CompletionStage<Optional<OrgPolicy>> fetch(OrgId org) {
    String path = "internal/v1/orgs/" + org.value() + "/acl";
    return get(path)
        .thenApply(
            body ->
                body.map(
                    doc ->
                        OrgPolicy.parse(
                            doc.getLong("version", 0L),
                            doc.getJsonObject("policy").encode(),
                            "acl-service's policy for " + org)));
  }
}
