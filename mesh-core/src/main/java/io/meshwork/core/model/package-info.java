/**
 * The vocabulary every part of Meshwork speaks, with no behaviour beyond validating itself: a data
 * product's contract as immutable values ({@link io.meshwork.core.model.DataProduct} and its
 * columns, constraints, access policy, write mode, owner), product identities and versions, the
 * verdicts of a verification ({@link io.meshwork.core.model.QualityReport}), and the closed family
 * of errors ({@link io.meshwork.core.model.MeshException}) with their problems and exit codes.
 *
 * <p>Nothing here depends on another Meshwork package; every other package depends on this one.
 */
package io.meshwork.core.model;
