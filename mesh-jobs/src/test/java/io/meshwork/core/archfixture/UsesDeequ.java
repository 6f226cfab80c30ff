package io.meshwork.core.archfixture;

import com.amazon.deequ.VerificationResult;

/** A mesh-core package that reaches for Deequ: what ArchitectureRulesTest expects the core rule to refuse. */
public class UsesDeequ {
  boolean passed(VerificationResult result) {
    return result != null;
  }
}
