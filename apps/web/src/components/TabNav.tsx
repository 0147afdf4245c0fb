import { Link } from 'react-router';
import { cx } from '../lib/class-names';
import './TabNav.css';

export interface TabLink {
  to: string;
  label: string;
  current: boolean;
}

/** Tabs that are links, so every view has its own URL and the back button works. */
export function TabNav({ label, tabs }: { label: string; tabs: readonly TabLink[] }) {
  return (
    <nav className="tab-nav" aria-label={label}>
      {tabs.map((tab) => (
        <Link
          key={tab.to}
          to={tab.to}
          className={cx('tab-nav__tab', tab.current && 'tab-nav__tab--current')}
          aria-current={tab.current ? 'page' : undefined}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
