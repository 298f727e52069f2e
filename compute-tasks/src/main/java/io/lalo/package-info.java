/**
 * Work that runs next to the data, as Ignite compute tasks: RAG search and embedding, workflow steps, governance
 * evaluation and ML forecasts. Each capability gets its own package ({@code io.lalo.rag}, {@code io.lalo.workflow},
 * {@code io.lalo.governance}, {@code io.lalo.ml}) as it lands; this module depends only on {@code grid-node}.
 */
package io.lalo;
