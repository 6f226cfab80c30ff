package io.meshwork.core.contract.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** typesafe-config's errors as problems at file and line, in the file's words; and how problems print. */
class ConfigErrorsTest {
  private static ConfigException parseError(String text, String origin) {
    return catchThrowableOfType(
        () -> ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin)), ConfigException.class);
  }

  @Test
  void aParseErrorBecomesAProblemAtItsLineWithoutTheOriginPrefix() {
    ConfigException e = parseError("a = 1\nb {\n  c = 2\n", "conf/mesh.conf");
    assertThat(e.getMessage()).isEqualTo("conf/mesh.conf: 4: expecting a close parentheses ')' here, not: end of file"); // typesafe-config's words

    Problem p = ConfigErrors.problem("conf/mesh.conf", e);

    assertThat(p).isEqualTo(new Problem("conf/mesh.conf", 4, null, "expecting a close brace '}' here, not: end of file"));
    assertThat(p.format()).isEqualTo("conf/mesh.conf:4: expecting a close brace '}' here, not: end of file");
  }

  @Test
  void anUnclosedStringIsSaidInTheFilesWords() {
    Problem p = ConfigErrors.problem("x.conf", parseError("a = 1\nb = \"open\nc = 2\n", "x.conf"));

    assertThat(p.line()).isEqualTo(2);
    assertThat(p.message()).isEqualTo("a quoted string is not closed on its line: add the closing \", or write text over several lines "
        + "in triple quotes (\"\"\"...\"\"\")");
  }

  @Test
  void aValueIsReportedAtTheLineItWasWrittenOn() {
    Config c = ConfigFactory.parseString("a = 1\n\nsql.allow-reflection = maybe\n", ConfigParseOptions.defaults().setOriginDescription("governance.conf"));
    ConfigException.WrongType e = catchThrowableOfType(() -> c.getBoolean("sql.allow-reflection"), ConfigException.WrongType.class);

    assertThat(ConfigErrors.problem("governance.conf", e.origin(), "sql.allow-reflection must be true or false").format())
        .isEqualTo("governance.conf:3: sql.allow-reflection must be true or false");
    assertThat(ConfigErrors.problem("governance.conf", c.getValue("a").origin(), "m").line()).isEqualTo(1);
    assertThat(ConfigErrors.file(c.getValue("sql.allow-reflection").origin())).isEqualTo("governance.conf");
    assertThat(ConfigErrors.line((com.typesafe.config.ConfigOrigin) null)).isEqualTo(1); // no origin: the first line
  }

  @Test
  void problemsPrintAsTodaysLinesAndTheMessageListsThemAll() {
    Problem located = Problem.at("orders.conf", 14, "sales.orders: unknown check 'uniqe'").about("sales.orders");
    Problem placeless = Problem.of("'Data Science' is not a role name");

    assertThat(located.format()).isEqualTo("orders.conf:14: sales.orders: unknown check 'uniqe'");
    assertThat(located.product()).isEqualTo("sales.orders");
    assertThat(placeless.format()).isEqualTo("'Data Science' is not a role name");
    ContractException e = new ContractException(List.of(located, placeless));
    assertThat(e).hasMessage(located.format() + System.lineSeparator() + placeless.format());
    assertThat(e.problems()).containsExactly(located, placeless);
  }
}
