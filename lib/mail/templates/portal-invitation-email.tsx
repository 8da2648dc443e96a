import { Button, Link, Text } from "@react-email/components";
import { FooterText, MailLayout, button, paragraph } from "./mail-layout";

export type PortalInvitationProps = { businessName: string; firstName: string; link: string; expiresOn: string };

/** The client's invitation to the Client Portal: a single-use link to set their password. */
export function PortalInvitationEmail(props: PortalInvitationProps) {
  return (
    <MailLayout
      businessName={props.businessName}
      preview={`Set your password for the ${props.businessName} Client Portal`}
      title="Your Client Portal invitation"
      footer={
        <FooterText>
          You receive this because {props.businessName} invited you to its Client Portal. If you did not expect it,
          ignore this email: nothing happens without you.
        </FooterText>
      }
    >
      <Text style={paragraph}>Hello {props.firstName},</Text>
      <Text style={paragraph}>
        {props.businessName} invites you to its Client Portal, where you choose which news and updates you receive. Set
        your password to start:
      </Text>
      <Button href={props.link} style={button}>
        Set your password
      </Button>
      <Text style={{ ...paragraph, marginTop: "16px" }}>
        The link works once, until {props.expiresOn}. If the button does not work, open this address:
      </Text>
      <Text style={{ ...paragraph, fontSize: "13px", wordBreak: "break-all" }}>
        <Link href={props.link}>{props.link}</Link>
      </Text>
    </MailLayout>
  );
}
