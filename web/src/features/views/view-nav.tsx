import { Box, NavLink } from "@mantine/core";
import type { ViewObject } from "@rapport/core";
import { IconStarFilled, IconUsers } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useLocation, useRouter } from "@tanstack/react-router";
import { viewsQuery } from "./api.ts";
import { viewsText } from "./text.ts";

/** The saved views of an object, listed in the sidebar under the object's link. */
export function ViewNavList({
  object,
  label,
  onNavigate,
}: {
  object: ViewObject;
  label: string;
  onNavigate: () => void;
}) {
  const views = useQuery(viewsQuery(object));
  const router = useRouter();
  const { pathname, search } = useLocation();
  const current = (search as { view?: unknown }).view;
  if (!views.data?.length) return null;
  return (
    <Box component="nav" aria-label={`${label}: ${viewsText.views}`} pl={26} mb={4}>
      {views.data.map((view) => {
        const href = `/${object}?view=${view.id}`;
        const active =
          pathname === `/${object}` && (current === view.id || (current === undefined && view.isDefault));
        return (
          <NavLink
            key={view.id}
            href={href}
            label={view.name}
            active={active}
            variant="subtle"
            py={4}
            fz="sm"
            style={{ borderRadius: "var(--mantine-radius-md)" }}
            aria-current={active ? "page" : undefined}
            rightSection={
              view.isDefault ? (
                <IconStarFilled size={12} aria-label={viewsText.defaultBadge} />
              ) : view.visibility === "shared" ? (
                <IconUsers size={12} aria-label={viewsText.sharedBadge} />
              ) : null
            }
            onClick={(event) => {
              if (event.metaKey || event.ctrlKey || event.shiftKey) return;
              event.preventDefault();
              router.history.push(href);
              onNavigate();
            }}
          />
        );
      })}
    </Box>
  );
}
