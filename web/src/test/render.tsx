import { MantineProvider } from "@mantine/core";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";

/** Renders inside Mantine's test environment (no transitions, no portals). */
export function renderUi(ui: ReactElement) {
  return render(
    <MantineProvider env="test" theme={{}}>
      {ui}
    </MantineProvider>,
  );
}
