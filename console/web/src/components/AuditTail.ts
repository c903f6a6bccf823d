import { useEffect, useRef, useState } from "preact/hooks";
import { AuditEvent, AuditFilters, tail, TailStatus } from "../api/audit";

/** The most events the live view keeps; older ones are dropped and the view says so. */
export const MAX_LIVE = 500;

export interface LiveTail {
  /** Newest first, at most MAX_LIVE. */
  rows: AuditEvent[];
  /** Events received while paused, not shown yet. */
  waiting: number;
  /** How many older events were dropped to keep MAX_LIVE. */
  dropped: number;
  status: TailStatus | null;
  paused: boolean;
  pause: () => void;
  resume: () => void;
}

/**
 * The organization's live events while `on`, with the match filters: one stream, opened when
 * switched on or when the filters change, closed when switched off or when the page goes away.
 * While paused the stream stays open and events wait, so none is lost to a pause.
 */
export function useLiveTail(orgId: string, filters: AuditFilters, on: boolean): LiveTail {
  // Events arrive faster than renders: they go into these arrays, and a counter asks for a render.
  const store = useRef({ rows: [] as AuditEvent[], waiting: [] as AuditEvent[], dropped: 0, paused: false });
  const [, setVersion] = useState(0);
  const [status, setStatus] = useState<TailStatus | null>(null);
  const refresh = () => setVersion((v) => v + 1);
  const key = JSON.stringify(filters);

  useEffect(() => {
    const s = store.current;
    s.rows = [];
    s.waiting = [];
    s.dropped = 0;
    setStatus(null);
    refresh();
    if (!on) return;
    return tail(orgId, filters, {
      event: (e) => {
        const list = s.paused ? s.waiting : s.rows;
        list.unshift(e);
        if (list.length > MAX_LIVE) {
          list.pop();
          s.dropped += 1;
        }
        refresh();
      },
      status: setStatus,
    });
  }, [orgId, key, on]);

  function pause() {
    store.current.paused = true;
    refresh();
  }

  function resume() {
    const s = store.current;
    const all = [...s.waiting, ...s.rows];
    s.dropped += Math.max(0, all.length - MAX_LIVE);
    s.rows = all.slice(0, MAX_LIVE);
    s.waiting = [];
    s.paused = false;
    refresh();
  }

  const s = store.current;
  return { rows: s.rows, waiting: s.waiting.length, dropped: s.dropped, status, paused: s.paused, pause, resume };
}
