package io.lalo.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lalo.config.LaloConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleHierarchyTest {

    private final RoleHierarchy defaults = RoleHierarchy.of(LaloConfig.defaults().auth().roleHierarchy());

    @Test
    void admin_inheritsOperatorAndViewer_butNotAnalyst() {
        assertThat(defaults.effectiveRoles(Set.of("admin"))).containsExactlyInAnyOrder("admin", "operator", "viewer");
        assertThat(defaults.has(Principal.of("a", "admin"), "viewer")).isTrue();
        assertThat(defaults.has(Principal.of("a", "admin"), "analyst")).isFalse();
    }

    @Test
    void analyst_inheritsViewer_only() {
        assertThat(defaults.effectiveRoles(Set.of("analyst"))).containsExactlyInAnyOrder("analyst", "viewer");
        assertThat(defaults.has(Principal.of("b", "analyst"), "operator")).isFalse();
        assertThat(defaults.has(Principal.of("c", "viewer"), "analyst")).isFalse();
    }

    @Test
    void knownRoles_areEveryRoleNamed() {
        assertThat(defaults.knownRoles()).containsExactly("admin", "analyst", "operator", "viewer");
        assertThat(defaults.known("superuser")).isFalse();
    }

    @Test
    void customHierarchy_isTransitive() {
        RoleHierarchy custom = RoleHierarchy.of(List.of("owner>admin", "admin>editor", "editor>reader"));
        assertThat(custom.has(Principal.of("o", "owner"), "reader")).isTrue();
    }

    @Test
    void cycle_isRejected() {
        assertThatThrownBy(() -> RoleHierarchy.of(List.of("a>b", "b>c", "c>a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    }
}
