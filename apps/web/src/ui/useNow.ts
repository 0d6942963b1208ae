import { useEffect, useState } from 'react';

/** The wall clock, read again every `everyMs`: for ages that tick ("12 s ago"). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
