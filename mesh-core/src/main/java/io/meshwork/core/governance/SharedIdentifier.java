package io.meshwork.core.governance;

import io.meshwork.core.model.SourceLocation;

/**
 * An organisation-wide identifier from {@code conf/identifiers.conf}: every column of this name,
 * in any domain, has this type, and its values match the pattern (a check added to the quality
 * gate).
 *
 * <pre>
 * identifiers {
 *   customer_id { type = string, pattern = "^C[0-9]{8}$", description = "..." }
 * }
 * </pre>
 *
 * @param pattern a Java regex the values must match, or null when only the type is shared
 */
public record SharedIdentifier(String name, String type, String pattern, String description, SourceLocation location) {}
