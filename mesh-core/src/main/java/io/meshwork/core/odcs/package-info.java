/**
 * Meshwork contracts in and out of the Bitol Open Data Contract Standard (ODCS v3.1.0).
 *
 * <pre>{@code
 * String yaml = OdcsExport.toYaml(Contracts.load(Path.of("conf/products/sales/orders.conf")));
 * OdcsImport.Result imported = OdcsImport.fromYaml(yaml, "orders.odcs.yaml");
 * imported.warnings().forEach(w -> System.err.println(w));   // what could not be mapped
 * DataProduct again = Contracts.parse(imported.hocon(), "orders.conf");
 * }</pre>
 *
 * <p>What ODCS cannot express (the SQL or job that builds the product, its inputs, the write mode)
 * travels in top-level {@code customProperties} named {@code meshwork*}; constraints without an
 * ODCS library metric travel as {@code type: custom, engine: meshwork} rules whose {@code
 * implementation} holds the Meshwork check and its parameters. Export then import gives back the
 * same contract, field by field, and export of that gives the same text.
 *
 * <p>Documents written elsewhere: {@code logicalTypeOptions} become checks, the primary key
 * {@code unique} and {@code complete} checks, ODCS classifications Meshwork's, a {@code support}
 * {@code mailto:} the owner's e-mail, a {@code local} server the source an SQL reads; a document
 * that does not say how the product is built gives a contract with {@code build-pending}, which
 * loads but is not run.
 */
package io.meshwork.core.odcs;
