package io.meshbridge.pilot.translate;

/** The golden test's policy YAML, for tests in other packages. */
public final class PolicyTranslatorGoldenTestAccess {
  public static final String POLICY = PolicyTranslatorGoldenTest.POLICY;

  private PolicyTranslatorGoldenTestAccess() {}
}
