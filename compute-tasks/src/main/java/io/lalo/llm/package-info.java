/**
 * Clients for OpenAI-compatible services a user may configure (chat completions for NL2SQL and answers, embeddings
 * for RAG). LALO works without them; they are the only network calls it makes at run time.
 */
package io.lalo.llm;
