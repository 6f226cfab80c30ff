package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium (Debian's {@code chromium}, or {@code $CHROMIUM}) for the data docs
 * tests: dumps a page's DOM after its scripts ran, or takes a screenshot; each call is one browser
 * process, bounded in time.
 */
final class Chromium {
  private static final long BROWSER_TIMEOUT_SECONDS = 90;

  private final Path binary;
  private final Path profile;

  private Chromium(Path binary, Path profile) {
    this.binary = binary;
    this.profile = profile;
  }

  /** The installed Chromium, with its profiles and outputs under {@code profile}; fails the test when there is none. */
  static Chromium find(Path profile) {
    String configured = System.getenv("CHROMIUM");
    Path path = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
    if (!Files.isExecutable(path)) {
      fail("Chromium is not installed at " + path + ": the data docs test opens the site in a real headless browser. "
          + "Install Debian's package with: apt-get install -y chromium (or set CHROMIUM to its path)");
    }
    return new Chromium(path, profile);
  }

  /** The DOM of {@code url} after its scripts ran ({@code --dump-dom}); extra flags such as a window size come first. */
  String dumpDom(String url, String... flags) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(flags));
    args.addAll(List.of("--dump-dom", url));
    return browse(args);
  }

  /** A PNG of {@code url} at a window {@code size} ("1280,900"). */
  void screenshot(String url, Path png, String size) throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    browse(List.of("--screenshot=" + png, "--window-size=" + size, "--hide-scrollbars", url));
    assertThat(png).as("screenshot of " + url).exists();
  }

  /** The page's script ran to its end (the pages set {@code data-ok} last) and trapped no error. */
  static void assertRanToTheEnd(String dom) {
    assertThat(dom).as("script errors in the page").doesNotContain("data-errors=");
    assertThat(dom).as("the page's script ran to its end").contains("data-ok=\"true\"");
  }

  /** Runs headless Chromium once, bounded in time; returns its stdout. */
  private String browse(List<String> args) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    List<String> cmd = new ArrayList<>(List.of(
        binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + Files.createTempDirectory(profile, "run")));
    cmd.addAll(args);
    Path stdout = Files.createTempFile(profile, "stdout", ".html");
    Path stderr = Files.createTempFile(profile, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("Chromium did not finish within " + BROWSER_TIMEOUT_SECONDS + "s: " + String.join(" ", cmd) + "\n" + Files.readString(stderr));
    }
    if (p.exitValue() != 0) {
      fail("Chromium exited with " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + Files.readString(stderr));
    }
    return Files.readString(stdout);
  }
}
