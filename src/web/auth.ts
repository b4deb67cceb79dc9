// The logged-in user: a React Query cache entry ['me'] (null when logged out), permission checks and logout.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, Permission } from '../contracts/auth.ts';
import { api, isApiError, needsLogin } from './api.ts';

export const ME_KEY = ['me'] as const;

/** GET /api/auth/me; null when there is no usable session (401, or a login halfway through its second step). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me', { noAuthRedirect: true });
  } catch (err) {
    if (isApiError(err) && needsLogin(err)) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY, retry: 1 });
}

/** The current user; only for components rendered behind RequireAuth. */
export function useUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useUser() outside an authenticated route');
  return data;
}

export function can(me: Me | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

export function useCan(permission: Permission): boolean {
  return can(useMe().data, permission);
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout', undefined, { noAuthRedirect: true }),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}
