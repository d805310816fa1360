import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useApi } from './use-api';

/** `GET /glossary`, loaded once after login; every metric's tooltip and the Help page read it. */
export interface GlossaryEntry {
  key: string;
  label: string;
  unit: string;
  definition: string;
}

interface Glossary {
  entries: GlossaryEntry[];
  byKey: Map<string, GlossaryEntry>;
}

const GlossaryContext = createContext<Glossary>({ entries: [], byKey: new Map() });

export function GlossaryProvider({ children }: { children: ReactNode }) {
  const { data } = useApi<GlossaryEntry[]>('/glossary');
  const value = useMemo(() => {
    const entries = data ?? [];
    return { entries, byKey: new Map(entries.map((e) => [e.key, e])) };
  }, [data]);
  return <GlossaryContext.Provider value={value}>{children}</GlossaryContext.Provider>;
}

export function useGlossary(): Glossary {
  return useContext(GlossaryContext);
}

/** A key's label, or the key made readable when the glossary does not know it. */
export function labelOf(g: Glossary, key: string): string {
  return g.byKey.get(key)?.label ?? key.replace(/^limit\./, '').replace(/_pct$/, ' %').replace(/_/g, ' ');
}
