package io.meshwork.core.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conf/roles.conf}: the roles each Spark user holds, and its errors at file and line. */
class RolesTest {
  @Test
  void mapsUsersToTheirRoles(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("roles.conf"), "users {\n  alice = [analyst]\n  etl = [crm-data, sales-data]\n}\n");
    Roles roles = Roles.load(file);

    assertThat(roles.rolesOf("alice")).containsExactly("analyst");
    assertThat(roles.rolesOf("etl")).containsExactly("crm-data", "sales-data");
    assertThat(roles.rolesOf("mallory")).isEmpty();
  }

  @Test
  void reportsEveryProblemAtItsLine(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("roles.conf"), "users {\n  alice = [\"Data Science\"]\n  bob = analyst\n}\ngroups {}\n");
    ContractException e = catchThrowableOfType(ContractException.class, () -> Roles.load(file));

    assertThat(e.problems()).extracting(Problem::file).containsOnly(file.toString());
    assertThat(e.problems()).extracting(Problem::format).containsExactlyInAnyOrder(
        file + ":5: unknown key 'groups' (expected: users { <user> = [<role>, ...] })",
        file + ":2: users.alice holds 'Data Science', which is not a role name (a lower-case letter, then lower-case letters, digits, '-' or '_')",
        file + ":3: users.bob must be a list of roles");
  }
}
