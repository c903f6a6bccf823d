package io.aviary.acl;

/**
 * A preset policy an organization can start from.
 *
 * @param id stable identifier, e.g. {@code agent-pipelines}
 * @param name display name
 * @param description what it is for, one or two sentences
 * @param policy the policy
 */
public record Template(String id, String name, String description, Policy policy) {}
