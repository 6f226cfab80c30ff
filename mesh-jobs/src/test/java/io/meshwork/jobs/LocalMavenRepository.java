package io.meshwork.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A local Maven repository for a build under test: every artifact of {@code ~/.m2/repository}
 * linked in (so nothing is downloaded), Meshwork's own ({@code io/meshwork}) never, so the build
 * sees only the artifacts the test puts there.
 */
public final class LocalMavenRepository {
  private LocalMavenRepository() {}

  /** Creates {@code repo} with links to everything of {@code ~/.m2/repository} but {@code io/meshwork}. */
  public static Path linkedExceptMeshwork(Path repo) throws IOException {
    Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Files.createDirectories(repo.resolve("io"));
    try (Stream<Path> top = Files.list(m2)) {
      for (Path p : top.toList()) {
        if (!p.getFileName().toString().equals("io")) {
          Files.createSymbolicLink(repo.resolve(p.getFileName().toString()), p);
        }
      }
    }
    try (Stream<Path> io = Files.list(m2.resolve("io"))) {
      for (Path p : io.toList()) {
        if (!p.getFileName().toString().equals("meshwork")) {
          Files.createSymbolicLink(repo.resolve("io").resolve(p.getFileName().toString()), p);
        }
      }
    }
    return repo;
  }
}
