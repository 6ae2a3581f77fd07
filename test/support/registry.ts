/** Removes a test's subject from the registry (soft, then permanent delete, as the Confluent API requires). */
export async function deleteSubject(registryUrl: string, subject: string): Promise<void> {
  const base = `${registryUrl}/subjects/${encodeURIComponent(subject)}`;
  await fetch(base, { method: 'DELETE' });
  await fetch(`${base}?permanent=true`, { method: 'DELETE' });
}
