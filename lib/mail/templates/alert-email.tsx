import { Button, Link, Text } from "@react-email/components";
import { FooterText, MailLayout, button, paragraph } from "./mail-layout";

export type AlertEmailProps = {
  businessName: string;
  title: string;
  /** Opened: what happened, what it means, what to do. Resolved: one short paragraph. */
  paragraphs: { label?: string; text: string }[];
  link: { label: string; url: string };
  kindLabel: string;
  unsubscribeUrl: string;
  settingsUrl: string;
};

/** An owner alert ("something needs you") or its "back to normal" follow-up. */
export function AlertEmail(props: AlertEmailProps) {
  return (
    <MailLayout
      businessName={props.businessName}
      preview={props.paragraphs[0]?.text ?? props.title}
      title={props.title}
      footer={
        <FooterText>
          You receive “{props.kindLabel}” alerts for {props.businessName}.{" "}
          <Link href={props.unsubscribeUrl}>Unsubscribe from these alerts</Link> or choose which alerts you get in your{" "}
          <Link href={props.settingsUrl}>notification settings</Link>.
        </FooterText>
      }
    >
      {props.paragraphs.map((p, i) => (
        <Text key={i} style={paragraph}>
          {p.label ? <strong>{p.label} </strong> : null}
          {p.text}
        </Text>
      ))}
      <Button href={props.link.url} style={button}>
        {props.link.label}
      </Button>
    </MailLayout>
  );
}
