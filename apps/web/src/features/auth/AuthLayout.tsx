import type { ReactNode } from 'react';
import { BrandMark } from '../../components/BrandMark';
import './AuthLayout.css';

/** The frame of the signed-out pages: product name, a card, and what goes in it. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-screen">
      <div className="auth-card">
        <p className="auth-card__brand">
          <BrandMark size={28} />
          <span>Digital Twin</span>
        </p>
        <h1 className="auth-card__title">{title}</h1>
        {children}
      </div>
    </main>
  );
}
