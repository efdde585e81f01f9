// A hook that fetches JSON from the dashboard API when the URL or a key changes, keeping the
// previous data while reloading; the error is the server's message (or the HTTP status).
import { useEffect, useState } from "preact/hooks";
import { getJson } from "../api.ts";

export function useJson<T>(url: string | undefined, key: unknown = 0): { data?: T; error?: string; loading: boolean } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (!url) {
      setData(undefined);
      return;
    }
    let cancelled = false;
    setLoading(true);
    getJson<T>(url)
      .then((d) => {
        if (!cancelled) {
          setData(d);
          setError(undefined);
        }
      })
      .catch((e: Error) => {
        if (!cancelled) setError(e.message);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [url, key]);
  return { data, error, loading };
}

/**
 * A counter that goes up every `ms` while `waiting` is true: a key for useJson that reads a table
 * again while some of it is still being computed in the background (diagnoses marked "pending").
 */
export function usePoll(waiting: boolean, ms = 2000): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!waiting) return;
    const t = setTimeout(() => setN((x) => x + 1), ms);
    return () => clearTimeout(t);
  }, [waiting, n]);
  return n;
}
