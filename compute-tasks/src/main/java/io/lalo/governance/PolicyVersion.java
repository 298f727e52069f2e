package io.lalo.governance;

import java.time.Instant;

/**
 * One saved version of a policy: what it said, its version number (1 for the first), when and by whom it was
 * saved, and whether this version deleted it.
 */
public record PolicyVersion(Policy policy, int version, Instant updatedAt, String updatedBy, boolean deleted) {
}
