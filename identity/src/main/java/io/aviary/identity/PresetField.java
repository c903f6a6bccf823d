package io.aviary.identity;

/**
 * One input a preset asks the user for, as the console's IdP wizard shows it.
 *
 * @param name the input's key, snake_case, e.g. {@code domain}
 * @param label a short label, e.g. "Auth0 domain"
 * @param required whether the preset cannot be built without it
 * @param example a sample value
 * @param help one sentence on where to find the value
 */
public record PresetField(
    String name, String label, boolean required, String example, String help) {}
