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
